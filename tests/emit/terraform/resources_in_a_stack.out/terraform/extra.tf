resource "aws_sqs_queue" "events_dlq" {
  name                      = "prod-events-dlq"
  message_retention_seconds = 1209600
}

resource "aws_sqs_queue" "events" {
  name                       = "prod-events"
  visibility_timeout_seconds = 60
  sqs_managed_sse_enabled    = true
  redrive_policy             = "{\"deadLetterTargetArn\":\"${aws_sqs_queue.events_dlq.arn}\",\"maxReceiveCount\":5}"
}

resource "aws_cloudwatch_event_rule" "ecr_scan" {
  name          = "prod-ecr_scan"
  event_pattern = "{\"source\":[\"aws.inspector2\"],\"detail-type\":[\"Inspector2 Finding\"]}"
}

resource "aws_cloudwatch_event_target" "ecr_scan" {
  rule      = aws_cloudwatch_event_rule.ecr_scan.name
  target_id = "queue"
  arn       = aws_sqs_queue.events.arn
}

resource "aws_cloudwatch_event_rule" "guardduty" {
  name          = "prod-guardduty"
  event_pattern = "{\"source\":[\"aws.guardduty\"],\"detail-type\":[\"GuardDuty Finding\"]}"
}

resource "aws_cloudwatch_event_target" "guardduty" {
  rule      = aws_cloudwatch_event_rule.guardduty.name
  target_id = "queue"
  arn       = aws_sqs_queue.events.arn
}

resource "aws_cloudwatch_event_rule" "health" {
  name          = "prod-health"
  event_pattern = "{\"source\":[\"aws.health\"]}"
}

resource "aws_cloudwatch_event_target" "health" {
  rule      = aws_cloudwatch_event_rule.health.name
  target_id = "queue"
  arn       = aws_sqs_queue.events.arn
}

resource "aws_cloudwatch_event_rule" "node_termination" {
  name          = "prod-node_termination"
  event_pattern = "{\"source\":[\"aws.ec2\"],\"detail-type\":[\"EC2 Spot Instance Interruption Warning\"]}"
}

resource "aws_cloudwatch_event_target" "node_termination" {
  rule      = aws_cloudwatch_event_rule.node_termination.name
  target_id = "queue"
  arn       = aws_sqs_queue.events.arn
}

resource "aws_cloudwatch_event_rule" "root_login" {
  name          = "prod-root_login"
  event_pattern = "{\"detail-type\":[\"AWS Console Sign In via CloudTrail\"],\"detail\":{\"userIdentity\":{\"type\":[\"Root\"]}}}"
}

resource "aws_cloudwatch_event_target" "root_login" {
  rule      = aws_cloudwatch_event_rule.root_login.name
  target_id = "queue"
  arn       = aws_sqs_queue.events.arn
}

data "aws_iam_policy_document" "events" {
  statement {
    sid       = "EventBridgeRules"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.events.arn]

    principals {
      type        = "Service"
      identifiers = ["events.amazonaws.com"]
    }

    condition {
      test     = "ArnEquals"
      variable = "aws:SourceArn"
      values   = [aws_cloudwatch_event_rule.ecr_scan.arn, aws_cloudwatch_event_rule.guardduty.arn, aws_cloudwatch_event_rule.health.arn, aws_cloudwatch_event_rule.node_termination.arn, aws_cloudwatch_event_rule.root_login.arn]
    }
  }
}

resource "aws_sqs_queue_policy" "events" {
  queue_url = aws_sqs_queue.events.url
  policy    = data.aws_iam_policy_document.events.json
}

resource "aws_vpc_endpoint" "s3" {
  vpc_id            = aws_vpc.main.id
  service_name      = "com.amazonaws.eu-west-1.s3"
  vpc_endpoint_type = "Gateway"
  route_table_ids   = [aws_route_table.main_private_a.id, aws_route_table.main_private_b.id]
}

resource "aws_route53_zone" "dev" {
  name = "dev.example.com"
}

resource "aws_route53_record" "dev_delegation" {
  zone_id = "Z0123456789ABCDEFGHIJ"
  name    = "dev.example.com"
  type    = "NS"
  ttl     = 300
  records = aws_route53_zone.dev.name_servers
}

resource "aws_lb" "public" {
  name               = "prod-public"
  load_balancer_type = "application"
  subnets            = [aws_subnet.main_public_a.id, aws_subnet.main_public_b.id]
  security_groups    = [aws_security_group.alb.id]
}

resource "aws_wafv2_web_acl" "main" {
  name  = "prod-waf"
  scope = "REGIONAL"

  default_action {
    allow {
    }
  }

  rule {
    name     = "common"
    priority = 1

    override_action {
      none {
      }
    }

    statement {
      managed_rule_group_statement {
        name        = "AWSManagedRulesCommonRuleSet"
        vendor_name = "AWS"
      }
    }

    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "prod-waf-common"
      sampled_requests_enabled   = true
    }
  }

  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = "prod-waf"
    sampled_requests_enabled   = true
  }
}

resource "aws_wafv2_web_acl_association" "public" {
  resource_arn = aws_lb.public.arn
  web_acl_arn  = aws_wafv2_web_acl.main.arn
}
