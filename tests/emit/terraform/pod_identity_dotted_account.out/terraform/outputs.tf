output "network_main_id" {
  value = aws_vpc.main.id
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
