output "role_notifier_arn" {
  value = aws_iam_role.notifier.arn
}

output "role_deployer_arn" {
  value = "arn:aws:iam::123456789012:role/ci-deployer"
}

output "alerts_topic" {
  value = aws_sns_topic.alerts.arn
}
