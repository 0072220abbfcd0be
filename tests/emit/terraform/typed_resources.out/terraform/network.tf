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
  cidr_block              = "10.0.0.0/20"
  availability_zone       = "eu-west-1a"
  map_public_ip_on_launch = false
  tags = {
    Name = "main-private-a"
  }
}

resource "aws_subnet" "main_private_b" {
  vpc_id                  = aws_vpc.main.id
  cidr_block              = "10.0.16.0/20"
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
