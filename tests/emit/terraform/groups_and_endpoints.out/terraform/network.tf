resource "aws_vpc" "main" {
  cidr_block           = "10.0.0.0/16"
  enable_dns_support   = true
  enable_dns_hostnames = true
  tags = {
    Name = "main"
  }
}

resource "aws_subnet" "main_private_a" {
  vpc_id                  = aws_vpc.main.id
  cidr_block              = "10.0.1.0/24"
  availability_zone       = "eu-west-1a"
  map_public_ip_on_launch = false
  tags = {
    Name = "main-private-a"
  }
}

resource "aws_subnet" "main_private_b" {
  vpc_id                  = aws_vpc.main.id
  cidr_block              = "10.0.2.0/24"
  availability_zone       = "eu-west-1b"
  map_public_ip_on_launch = false
  tags = {
    Name = "main-private-b"
  }
}

resource "aws_route_table" "main_private" {
  vpc_id = aws_vpc.main.id
  tags = {
    Name = "main-private"
  }
}

resource "aws_route_table_association" "main_private_a" {
  subnet_id      = aws_subnet.main_private_a.id
  route_table_id = aws_route_table.main_private.id
}

resource "aws_route_table_association" "main_private_b" {
  subnet_id      = aws_subnet.main_private_b.id
  route_table_id = aws_route_table.main_private.id
}

resource "aws_security_group" "lb" {
  name        = "lb"
  description = "load balancer"
  vpc_id      = aws_vpc.main.id
  tags = {
    Name = "lb"
  }
}

resource "aws_vpc_security_group_ingress_rule" "lb_ingress_0" {
  security_group_id = aws_security_group.lb.id
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"
  description       = "HTTPS from anywhere"
}

resource "aws_vpc_security_group_egress_rule" "lb_egress_0" {
  security_group_id            = aws_security_group.lb.id
  ip_protocol                  = "tcp"
  from_port                    = 8000
  to_port                      = 8080
  referenced_security_group_id = aws_security_group.app.id
}

resource "aws_security_group" "app" {
  name        = "app"
  description = "managed by infrac"
  vpc_id      = aws_vpc.main.id
  tags = {
    Name = "app"
  }
}

resource "aws_vpc_security_group_ingress_rule" "app_ingress_0" {
  security_group_id            = aws_security_group.app.id
  ip_protocol                  = "tcp"
  from_port                    = 8000
  to_port                      = 8080
  referenced_security_group_id = aws_security_group.lb.id
}

resource "aws_vpc_security_group_ingress_rule" "app_ingress_1" {
  security_group_id            = aws_security_group.app.id
  ip_protocol                  = "udp"
  from_port                    = 53
  to_port                      = 53
  referenced_security_group_id = aws_security_group.app.id
}

resource "aws_vpc_security_group_ingress_rule" "app_ingress_2" {
  security_group_id            = aws_security_group.app.id
  ip_protocol                  = "icmp"
  from_port                    = -1
  to_port                      = -1
  referenced_security_group_id = "sg-0123456789abcdef0"
}

resource "aws_vpc_security_group_egress_rule" "app_egress_0" {
  security_group_id = aws_security_group.app.id
  ip_protocol       = "-1"
  cidr_ipv4         = "0.0.0.0/0"
}

resource "aws_vpc_endpoint" "ecr_api" {
  vpc_id              = aws_vpc.main.id
  service_name        = "com.amazonaws.eu-west-1.ecr.api"
  vpc_endpoint_type   = "Interface"
  subnet_ids          = [aws_subnet.main_private_a.id, aws_subnet.main_private_b.id]
  security_group_ids  = [aws_security_group.app.id, "sg-0123456789abcdef0"]
  private_dns_enabled = true
}

resource "aws_vpc_endpoint" "sts" {
  vpc_id              = aws_vpc.main.id
  service_name        = "com.amazonaws.eu-west-1.sts"
  vpc_endpoint_type   = "Interface"
  subnet_ids          = ["subnet-0123456789abcdef0", aws_subnet.main_private_a.id, aws_subnet.main_private_b.id]
  private_dns_enabled = false
}
