output "role_exporter_arn" {
  value = aws_iam_role.exporter.arn
}
