moved {
  from = aws_sqs_queue.jobs
  to   = aws_sqs_queue.orders
}

moved {
  from = aws_vpc.main
  to   = aws_vpc.core
}

moved {
  from = aws_internet_gateway.main
  to   = aws_internet_gateway.core
}

moved {
  from = aws_subnet.main_public_a
  to   = aws_subnet.core_public_a
}

moved {
  from = aws_subnet.main_public_b
  to   = aws_subnet.core_public_b
}

moved {
  from = aws_route_table.main_public
  to   = aws_route_table.core_public
}

moved {
  from = aws_route_table_association.main_public_a
  to   = aws_route_table_association.core_public_a
}

moved {
  from = aws_route_table_association.main_public_b
  to   = aws_route_table_association.core_public_b
}

import {
  to = aws_s3_bucket.logs
  id = "acme-prod-logs"
}

removed {
  from = aws_cloudwatch_log_group.legacy

  lifecycle {
    destroy = false
  }
}
