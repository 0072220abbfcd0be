output "network_main_id" {
  value = aws_vpc.main.id
}

output "security_group_lb_id" {
  value = aws_security_group.lb.id
}

output "security_group_app_id" {
  value = aws_security_group.app.id
}
