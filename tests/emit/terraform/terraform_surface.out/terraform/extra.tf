resource "aws_db_instance" "main" {
  identifier          = "prod-main"
  engine              = "postgres"
  instance_class      = "db.t4g.micro"
  allocated_storage   = var.db_storage
  username            = "app"
  password_wo         = var.db_password
  password_wo_version = 1
  skip_final_snapshot = true
}
