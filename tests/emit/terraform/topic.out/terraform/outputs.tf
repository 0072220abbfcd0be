output "role_notifier_arn" {
  value = aws_iam_role.notifier.arn
}

output "alerts_topic" {
  value = aws_sns_topic.alerts.arn
}
