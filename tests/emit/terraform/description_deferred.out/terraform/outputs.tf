output "role_r_arn" {
  value = aws_iam_role.r.arn
}
