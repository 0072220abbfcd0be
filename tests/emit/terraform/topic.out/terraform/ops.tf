resource "aws_budgets_budget" "monthly" {
  name         = "monthly"
  budget_type  = "COST"
  limit_amount = "2000"
  limit_unit   = "USD"
  time_unit    = "MONTHLY"

  notification {
    comparison_operator       = "GREATER_THAN"
    threshold                 = 50
    threshold_type            = "PERCENTAGE"
    notification_type         = "ACTUAL"
    subscriber_sns_topic_arns = [aws_sns_topic.alerts.arn]
  }

  notification {
    comparison_operator       = "GREATER_THAN"
    threshold                 = 87.5
    threshold_type            = "PERCENTAGE"
    notification_type         = "ACTUAL"
    subscriber_sns_topic_arns = [aws_sns_topic.alerts.arn]
  }

  notification {
    comparison_operator       = "GREATER_THAN"
    threshold                 = 120
    threshold_type            = "PERCENTAGE"
    notification_type         = "FORECASTED"
    subscriber_sns_topic_arns = [aws_sns_topic.alerts.arn]
  }
}

resource "aws_sns_topic" "alerts" {
  name              = "prod-budget-alerts"
  kms_master_key_id = aws_kms_key.alerts.arn
}

resource "aws_sns_topic_subscription" "alerts_devops-lead_example_com" {
  topic_arn = aws_sns_topic.alerts.arn
  protocol  = "email"
  endpoint  = "devops-lead@example.com"
}

resource "aws_sns_topic_subscription" "alerts_on_call_example_com" {
  topic_arn = aws_sns_topic.alerts.arn
  protocol  = "email"
  endpoint  = "on.call@example.com"
}

resource "aws_sns_topic_subscription" "alerts_on_call_example_com_2" {
  topic_arn = aws_sns_topic.alerts.arn
  protocol  = "email"
  endpoint  = "on_call@example.com"
}

resource "aws_sns_topic_policy" "alerts" {
  arn    = aws_sns_topic.alerts.arn
  policy = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "ServicesPublish",
          "Effect": "Allow",
          "Principal": {
            "Service": [
              "budgets.amazonaws.com",
              "events.amazonaws.com"
            ]
          },
          "Action": "sns:Publish",
          "Resource": "arn:aws:sns:eu-west-1:123456789012:prod-budget-alerts",
          "Condition": {
            "StringEquals": {
              "aws:SourceAccount": "123456789012"
            }
          }
        },
        {
          "Sid": "RolesPublish",
          "Effect": "Allow",
          "Principal": {
            "AWS": [
              "${aws_iam_role.notifier.arn}",
              "arn:aws:iam::123456789012:role/ci-deployer",
              "arn:aws:iam::123456789012:role/ci-reader"
            ]
          },
          "Action": "sns:Publish",
          "Resource": "arn:aws:sns:eu-west-1:123456789012:prod-budget-alerts"
        }
      ]
    }
  EOT
}

resource "aws_sns_topic" "orders" {
  name       = "orders.fifo"
  fifo_topic = true
}
