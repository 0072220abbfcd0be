resource "aws_budgets_budget" "qualisys-dev-monthly-500" {
  name         = "qualisys-dev-monthly-500"
  budget_type  = "COST"
  limit_amount = "500"
  limit_unit   = "USD"
  time_unit    = "MONTHLY"

  notification {
    comparison_operator       = "GREATER_THAN"
    threshold                 = 80
    threshold_type            = "PERCENTAGE"
    notification_type         = "ACTUAL"
    subscriber_sns_topic_arns = [aws_sns_topic.budget_alerts.arn]
  }

  notification {
    comparison_operator       = "GREATER_THAN"
    threshold                 = 100
    threshold_type            = "PERCENTAGE"
    notification_type         = "ACTUAL"
    subscriber_sns_topic_arns = [aws_sns_topic.budget_alerts.arn]
  }
}

resource "aws_budgets_budget" "qualisys-dev-monthly-1000" {
  name         = "qualisys-dev-monthly-1000"
  budget_type  = "COST"
  limit_amount = "1000"
  limit_unit   = "USD"
  time_unit    = "MONTHLY"

  notification {
    comparison_operator       = "GREATER_THAN"
    threshold                 = 80
    threshold_type            = "PERCENTAGE"
    notification_type         = "ACTUAL"
    subscriber_sns_topic_arns = [aws_sns_topic.budget_alerts.arn]
  }

  notification {
    comparison_operator       = "GREATER_THAN"
    threshold                 = 100
    threshold_type            = "PERCENTAGE"
    notification_type         = "ACTUAL"
    subscriber_sns_topic_arns = [aws_sns_topic.budget_alerts.arn]
  }
}

resource "aws_budgets_budget" "qualisys-dev-monthly-2000" {
  name         = "qualisys-dev-monthly-2000"
  budget_type  = "COST"
  limit_amount = "2000"
  limit_unit   = "USD"
  time_unit    = "MONTHLY"

  notification {
    comparison_operator       = "GREATER_THAN"
    threshold                 = 80
    threshold_type            = "PERCENTAGE"
    notification_type         = "ACTUAL"
    subscriber_sns_topic_arns = [aws_sns_topic.budget_alerts.arn]
  }

  notification {
    comparison_operator       = "GREATER_THAN"
    threshold                 = 100
    threshold_type            = "PERCENTAGE"
    notification_type         = "ACTUAL"
    subscriber_sns_topic_arns = [aws_sns_topic.budget_alerts.arn]
  }

  notification {
    comparison_operator       = "GREATER_THAN"
    threshold                 = 150
    threshold_type            = "PERCENTAGE"
    notification_type         = "FORECASTED"
    subscriber_sns_topic_arns = [aws_sns_topic.budget_alerts.arn]
  }
}

resource "aws_s3_bucket" "management_trail" {
  bucket = "qualisys-dev-cloudtrail-logs"
}

resource "aws_s3_bucket_public_access_block" "management_trail" {
  bucket                  = aws_s3_bucket.management_trail.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_server_side_encryption_configuration" "management_trail" {
  bucket = aws_s3_bucket.management_trail.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "management_trail" {
  bucket = aws_s3_bucket.management_trail.id

  rule {
    id     = "expire"
    status = "Enabled"

    filter {
    }

    expiration {
      days = 90
    }
  }
}

resource "aws_s3_bucket_policy" "management_trail" {
  bucket = aws_s3_bucket.management_trail.id
  policy = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "CloudTrailAclCheck",
          "Effect": "Allow",
          "Principal": {
            "Service": "cloudtrail.amazonaws.com"
          },
          "Action": "s3:GetBucketAcl",
          "Resource": "arn:aws:s3:::qualisys-dev-cloudtrail-logs",
          "Condition": {
            "StringEquals": {
              "aws:SourceArn": "arn:aws:cloudtrail:us-east-1:123456789012:trail/qualisys-management-trail"
            }
          }
        },
        {
          "Sid": "CloudTrailWrite",
          "Effect": "Allow",
          "Principal": {
            "Service": "cloudtrail.amazonaws.com"
          },
          "Action": "s3:PutObject",
          "Resource": "arn:aws:s3:::qualisys-dev-cloudtrail-logs/AWSLogs/123456789012/*",
          "Condition": {
            "StringEquals": {
              "aws:SourceArn": "arn:aws:cloudtrail:us-east-1:123456789012:trail/qualisys-management-trail",
              "s3:x-amz-acl": "bucket-owner-full-control"
            }
          }
        }
      ]
    }
  EOT
}

resource "aws_cloudtrail" "management" {
  name                          = "qualisys-management-trail"
  s3_bucket_name                = aws_s3_bucket.management_trail.id
  is_multi_region_trail         = true
  include_global_service_events = true
  enable_log_file_validation    = true

  depends_on = [aws_s3_bucket_policy.management_trail]
}

resource "aws_sns_topic" "budget_alerts" {
  name = "qualisys-dev-budget-alerts"
}

resource "aws_sns_topic_subscription" "budget_alerts_devops_qualisys_example_com" {
  topic_arn = aws_sns_topic.budget_alerts.arn
  protocol  = "email"
  endpoint  = "devops@qualisys.example.com"
}

resource "aws_sns_topic_policy" "budget_alerts" {
  arn    = aws_sns_topic.budget_alerts.arn
  policy = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "ServicesPublish",
          "Effect": "Allow",
          "Principal": {
            "Service": "budgets.amazonaws.com"
          },
          "Action": "sns:Publish",
          "Resource": "arn:aws:sns:us-east-1:123456789012:qualisys-dev-budget-alerts",
          "Condition": {
            "StringEquals": {
              "aws:SourceAccount": "123456789012"
            }
          }
        }
      ]
    }
  EOT
}
