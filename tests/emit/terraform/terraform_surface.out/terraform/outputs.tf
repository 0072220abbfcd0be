output "db_address" {
  value       = aws_db_instance.main.address
  description = "host name of the database"
}

output "db" {
  value     = { address = aws_db_instance.main.address, port = aws_db_instance.main.port }
  sensitive = true
}
