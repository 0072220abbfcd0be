output "network_main_id" {
  value = aws_vpc.main.id
}

output "security_group_alb_id" {
  value = aws_security_group.alb.id
}

output "security_group_k8s_nodes_id" {
  value = aws_security_group.k8s_nodes.id
}

output "security_group_elasticache_id" {
  value = aws_security_group.elasticache.id
}

output "cluster_eks_name" {
  value = aws_eks_cluster.eks.name
}

output "cluster_eks_endpoint" {
  value = aws_eks_cluster.eks.endpoint
}

output "role_cluster_autoscaler_arn" {
  value = aws_iam_role.cluster_autoscaler.arn
}

output "role_lb_controller_arn" {
  value = aws_iam_role.lb_controller.arn
}

output "role_devops_admin_arn" {
  value = aws_iam_role.devops_admin.arn
}

output "role_developer_arn" {
  value = aws_iam_role.developer.arn
}

output "role_cicd_arn" {
  value = aws_iam_role.cicd.arn
}

output "role_rds_service_arn" {
  value = aws_iam_role.rds_service.arn
}

output "role_elasticache_service_arn" {
  value = aws_iam_role.elasticache_service.arn
}

output "role_ecr_service_arn" {
  value = aws_iam_role.ecr_service.arn
}
