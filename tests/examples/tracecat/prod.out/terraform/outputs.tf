output "network_main_id" {
  value = aws_vpc.main.id
}

output "security_group_postgres_client_id" {
  value = aws_security_group.postgres_client.id
}

output "security_group_redis_client_id" {
  value = aws_security_group.redis_client.id
}

output "security_group_pods_id" {
  value = aws_security_group.pods.id
}

output "cluster_eks_name" {
  value = aws_eks_cluster.eks.name
}

output "cluster_eks_endpoint" {
  value = aws_eks_cluster.eks.endpoint
}

output "role_app_arn" {
  value = aws_iam_role.app.arn
}

output "role_external_secrets_arn" {
  value = aws_iam_role.external_secrets.arn
}

output "role_external_dns_arn" {
  value = aws_iam_role.external_dns.arn
}

output "role_lb_controller_arn" {
  value = aws_iam_role.lb_controller.arn
}
