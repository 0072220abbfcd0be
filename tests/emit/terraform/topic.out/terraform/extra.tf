resource "aws_cloudwatch_event_rule" "scan_findings" {
  name          = "ecr-scan-findings"
  event_pattern = "{\"source\":[\"aws.inspector2\"]}"
}

resource "aws_cloudwatch_event_target" "scan_findings" {
  rule = aws_cloudwatch_event_rule.scan_findings.name
  arn  = aws_sns_topic.alerts.arn
}
