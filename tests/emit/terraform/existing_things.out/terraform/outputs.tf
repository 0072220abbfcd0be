output "network_infra_id" {
  value = data.aws_vpc.infra.id
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

output "role_reporter_arn" {
  value = aws_iam_role.reporter.arn
}

output "role_shipper_arn" {
  value = aws_iam_role.shipper.arn
}
