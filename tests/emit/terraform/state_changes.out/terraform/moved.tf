moved {
  from = aws_sqs_queue.jobs
  to   = aws_sqs_queue.orders
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
