resource "aws_vpc" "main" {
  cidr_block           = "10.20.0.0/16"
  enable_dns_support   = true
  enable_dns_hostnames = true
  tags = {
    Name = "main"
  }
}

resource "aws_internet_gateway" "main" {
  vpc_id = aws_vpc.main.id
  tags = {
    Name = "main"
  }
}

resource "aws_subnet" "main_public_a" {
  vpc_id                  = aws_vpc.main.id
  cidr_block              = "10.20.0.0/24"
  availability_zone       = "eu-west-1a"
  map_public_ip_on_launch = true
  tags = {
    Name = "main-public-a"
  }
}

resource "aws_subnet" "main_public_b" {
  vpc_id                  = aws_vpc.main.id
  cidr_block              = "10.20.1.0/24"
  availability_zone       = "eu-west-1b"
  map_public_ip_on_launch = true
  tags = {
    Name = "main-public-b"
  }
}

resource "aws_subnet" "main_private_a" {
  vpc_id                  = aws_vpc.main.id
  cidr_block              = "10.20.16.0/20"
  availability_zone       = "eu-west-1a"
  map_public_ip_on_launch = false
  tags = {
    Name = "main-private-a"
  }
}

resource "aws_subnet" "main_private_b" {
  vpc_id                  = aws_vpc.main.id
  cidr_block              = "10.20.32.0/20"
  availability_zone       = "eu-west-1b"
  map_public_ip_on_launch = false
  tags = {
    Name = "main-private-b"
  }
}

resource "aws_eip" "main_a" {
  domain = "vpc"
  tags = {
    Name = "main-nat-a"
  }
}

resource "aws_nat_gateway" "main_a" {
  allocation_id = aws_eip.main_a.id
  subnet_id     = aws_subnet.main_public_a.id
  tags = {
    Name = "main-nat-a"
  }

  depends_on = [aws_internet_gateway.main]
}

resource "aws_eip" "main_b" {
  domain = "vpc"
  tags = {
    Name = "main-nat-b"
  }
}

resource "aws_nat_gateway" "main_b" {
  allocation_id = aws_eip.main_b.id
  subnet_id     = aws_subnet.main_public_b.id
  tags = {
    Name = "main-nat-b"
  }

  depends_on = [aws_internet_gateway.main]
}

resource "aws_route_table" "main_public" {
  vpc_id = aws_vpc.main.id

  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.main.id
  }

  tags = {
    Name = "main-public"
  }
}

resource "aws_route_table_association" "main_public_a" {
  subnet_id      = aws_subnet.main_public_a.id
  route_table_id = aws_route_table.main_public.id
}

resource "aws_route_table_association" "main_public_b" {
  subnet_id      = aws_subnet.main_public_b.id
  route_table_id = aws_route_table.main_public.id
}

resource "aws_route_table" "main_private_a" {
  vpc_id = aws_vpc.main.id

  route {
    cidr_block     = "0.0.0.0/0"
    nat_gateway_id = aws_nat_gateway.main_a.id
  }

  tags = {
    Name = "main-private-a"
  }
}

resource "aws_route_table" "main_private_b" {
  vpc_id = aws_vpc.main.id

  route {
    cidr_block     = "0.0.0.0/0"
    nat_gateway_id = aws_nat_gateway.main_b.id
  }

  tags = {
    Name = "main-private-b"
  }
}

resource "aws_route_table_association" "main_private_a" {
  subnet_id      = aws_subnet.main_private_a.id
  route_table_id = aws_route_table.main_private_a.id
}

resource "aws_route_table_association" "main_private_b" {
  subnet_id      = aws_subnet.main_private_b.id
  route_table_id = aws_route_table.main_private_b.id
}

resource "aws_security_group" "alb" {
  name        = "alb"
  description = "managed by infrac"
  vpc_id      = aws_vpc.main.id
  tags = {
    Name = "alb"
  }
}

resource "aws_vpc_security_group_ingress_rule" "alb_ingress_0" {
  security_group_id = aws_security_group.alb.id
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"
}

resource "aws_vpc_security_group_egress_rule" "alb_egress_0" {
  security_group_id = aws_security_group.alb.id
  ip_protocol       = "-1"
  cidr_ipv4         = "0.0.0.0/0"
}
