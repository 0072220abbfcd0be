resource "aws_iam_account_alias" "main" {
  account_alias = "qualisys-dev"
}
