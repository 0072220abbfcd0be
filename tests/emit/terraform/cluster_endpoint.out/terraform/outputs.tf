output "network_main_id" {
  value = aws_vpc.main.id
}

output "cluster_open_name" {
  value = aws_eks_cluster.open.name
}

output "cluster_open_endpoint" {
  value = aws_eks_cluster.open.endpoint
}

output "cluster_office_name" {
  value = aws_eks_cluster.office.name
}

output "cluster_office_endpoint" {
  value = aws_eks_cluster.office.endpoint
}

output "cluster_internal_name" {
  value = aws_eks_cluster.internal.name
}

output "cluster_internal_endpoint" {
  value = aws_eks_cluster.internal.endpoint
}
