output "network_infra_id" {
  value = var.vpc_id
}

output "cluster_eks_name" {
  value = aws_eks_cluster.eks.name
}

output "cluster_eks_endpoint" {
  value = aws_eks_cluster.eks.endpoint
}

output "role_reporter_arn" {
  value = aws_iam_role.reporter.arn
}
