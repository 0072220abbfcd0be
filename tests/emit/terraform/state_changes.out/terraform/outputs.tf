output "network_core_id" {
  value = aws_vpc.core.id
}
