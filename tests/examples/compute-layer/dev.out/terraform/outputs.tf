output "network_main_id" {
  value = aws_vpc.main.id
}

output "security_group_vpc_endpoints_id" {
  value = aws_security_group.vpc_endpoints.id
}

output "security_group_management_id" {
  value = aws_security_group.management.id
}

output "security_group_cluster_id" {
  value = aws_security_group.cluster.id
}

output "security_group_nodes_id" {
  value = aws_security_group.nodes.id
}

output "cluster_eks_name" {
  value = aws_eks_cluster.eks.name
}

output "cluster_eks_endpoint" {
  value = aws_eks_cluster.eks.endpoint
}

output "role_ebs_csi_arn" {
  value = aws_iam_role.ebs_csi.arn
}

output "role_cluster_secrets_arn" {
  value = aws_iam_role.cluster_secrets.arn
}

output "role_cert_manager_arn" {
  value = aws_iam_role.cert_manager.arn
}

output "role_assistants_core_arn" {
  value = aws_iam_role.assistants_core.arn
}

output "role_litellm_arn" {
  value = aws_iam_role.litellm.arn
}

output "role_ingestion_arn" {
  value = aws_iam_role.ingestion.arn
}

output "role_ingestion_worker_arn" {
  value = aws_iam_role.ingestion_worker.arn
}

output "role_speech_arn" {
  value = aws_iam_role.speech.arn
}

output "role_lb_controller_arn" {
  value = aws_iam_role.lb_controller.arn
}

output "repository_assistants-core_url" {
  value = aws_ecr_repository.assistants-core.repository_url
}

output "repository_litellm_url" {
  value = aws_ecr_repository.litellm.repository_url
}

output "repository_ingestion_url" {
  value = aws_ecr_repository.ingestion.repository_url
}
