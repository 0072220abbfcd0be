output "network_main_id" {
  value = aws_vpc.main.id
}
