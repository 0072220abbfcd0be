output "network_main_id" {
  value = aws_vpc.main.id
}

output "security_group_alb_id" {
  value = aws_security_group.alb.id
}
