resource "aws_cloudwatch_event_rule" "ecr_scan_findings" {
  name          = "uq-dev-ecr-scan-findings"
  description   = "CRITICAL and HIGH ECR image scan findings"
  event_pattern = "{\"source\": [\"aws.inspector2\"], \"detail-type\": [\"Inspector2 Finding\"], \"detail\": {\"severity\": [\"CRITICAL\", \"HIGH\"], \"resources\": {\"type\": [\"AWS_ECR_CONTAINER_IMAGE\"]}}}\n"
}
