output "cluster_shared_name" {
  value = data.aws_eks_cluster.shared.name
}

output "cluster_shared_endpoint" {
  value = data.aws_eks_cluster.shared.endpoint
}

output "role_api_arn" {
  value = aws_iam_role.api.arn
}

output "role_worker_arn" {
  value = aws_iam_role.worker.arn
}

output "role_legacy_arn" {
  value = "arn:aws:iam::123456789012:role/legacy-api"
}

output "role_ingest_arn" {
  value = "arn:aws:iam::123456789012:role/ingest"
}

output "general_arn" {
  value = data.aws_eks_node_group.shared_general.arn
}

output "oidc_provider" {
  value = local.shared_oidc_provider_arn
}
