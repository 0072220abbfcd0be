output "role_aux_arn" {
  value = aws_iam_role.aux.arn
}

output "role_github_actions_arn" {
  value = aws_iam_role.github_actions.arn
}

output "user_minikube_base_access_key_id" {
  value = aws_iam_access_key.minikube_base.id
}

output "user_minikube_base_secret_access_key" {
  value     = aws_iam_access_key.minikube_base.secret
  sensitive = true
}

output "repository_api_url" {
  value = aws_ecr_repository.api.repository_url
}

output "repository_aux_url" {
  value = aws_ecr_repository.aux.repository_url
}
