output "role_ci_arn" {
  value = aws_iam_role.ci.arn
}

output "role_deploy_arn" {
  value = aws_iam_role.deploy.arn
}
