output "network_vpc_id" {
  value = aws_vpc.vpc.id
}

output "security_group_airflow_pods_id" {
  value = aws_security_group.airflow_pods.id
}

output "cluster_dpe_name" {
  value = aws_eks_cluster.dpe.name
}

output "cluster_dpe_endpoint" {
  value = aws_eks_cluster.dpe.endpoint
}

output "role_eks_admin_arn" {
  value = aws_iam_role.eks_admin.arn
}

output "role_ebs_csi_arn" {
  value = aws_iam_role.ebs_csi.arn
}

output "role_spacelift_admin_arn" {
  value = aws_iam_role.spacelift_admin.arn
}

output "user_smtp_user_access_key_id" {
  value = aws_iam_access_key.smtp_user.id
}

output "user_smtp_user_secret_access_key" {
  value     = aws_iam_access_key.smtp_user.secret
  sensitive = true
}
