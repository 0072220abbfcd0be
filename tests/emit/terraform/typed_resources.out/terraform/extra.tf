data "aws_iam_policy_document" "queue_access" {
  statement {
    sid       = "OwnAccount"
    actions   = ["sqs:SendMessage"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::123456789012:root"]
    }
  }
}

resource "aws_sqs_queue" "orders_dlq" {
  name = "prod-orders-dlq"
}

resource "aws_sqs_queue" "orders" {
  name                       = "prod-orders"
  visibility_timeout_seconds = 60
  redrive_policy             = "{\"deadLetterTargetArn\":\"${aws_sqs_queue.orders_dlq.arn}\",\"maxReceiveCount\":5}"
  tags = {
    Team = "billing"
  }

  lifecycle {
    prevent_destroy = true
  }
}

resource "aws_sqs_queue_policy" "orders" {
  queue_url = aws_sqs_queue.orders.url
  policy    = data.aws_iam_policy_document.queue_access.json
}

resource "aws_sqs_queue" "payments_dlq" {
  name = "prod-payments-dlq"
}

resource "aws_sqs_queue" "payments" {
  name                       = "prod-payments"
  visibility_timeout_seconds = 60
  redrive_policy             = "{\"deadLetterTargetArn\":\"${aws_sqs_queue.payments_dlq.arn}\",\"maxReceiveCount\":5}"
  tags = {
    Team = "billing"
  }

  lifecycle {
    prevent_destroy = true
  }
}

resource "aws_sqs_queue_policy" "payments" {
  queue_url = aws_sqs_queue.payments.url
  policy    = data.aws_iam_policy_document.queue_access.json
}

resource "aws_security_group" "web" {
  name   = "web"
  vpc_id = aws_vpc.main.id

  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/16"]
  }

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }

  depends_on = [aws_vpc.main]
}

resource "aws_ssm_parameter" "queue" {
  name  = "/prod/orders/queue"
  type  = "String"
  value = aws_sqs_queue.orders.tags["Team"]
}

resource "aws_instance" "bastion" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t4g.nano"
  subnet_id     = aws_subnet.main_private_b.id

  lifecycle {
    ignore_changes = [ami, tags["Owner"]]
  }
}
