resource "aws_cloudwatch_event_rule" "ecr_scan_findings" {
  name          = "uq-sbx-ecr-scan-findings"
  description   = "CRITICAL and HIGH ECR image scan findings"
  event_pattern = "{\"source\": [\"aws.ecr\"], \"detail-type\": [\"ECR Image Scan\"], \"detail\": {\"finding-severity-counts\": {\"$or\": [{\"CRITICAL\": [{\"numeric\": [\">\", 0]}]}, {\"HIGH\": [{\"numeric\": [\">\", 0]}]}]}}}\n"
}
