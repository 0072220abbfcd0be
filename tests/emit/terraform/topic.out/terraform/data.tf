resource "aws_kms_key" "alerts" {
  description             = "budget and scan alerts"
  enable_key_rotation     = true
  deletion_window_in_days = 30
}

resource "aws_kms_alias" "alerts" {
  name          = "alias/alerts"
  target_key_id = aws_kms_key.alerts.key_id
}
