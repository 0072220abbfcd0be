resource "aws_vpc" "core" {
  cidr_block           = "10.0.0.0/16"
  enable_dns_support   = true
  enable_dns_hostnames = true
  tags = {
    Name = "core"
  }
}

resource "aws_internet_gateway" "core" {
  vpc_id = aws_vpc.core.id
  tags = {
    Name = "core"
  }
}

resource "aws_subnet" "core_public_a" {
  vpc_id                  = aws_vpc.core.id
  cidr_block              = "10.0.0.0/24"
  availability_zone       = "eu-west-1a"
  map_public_ip_on_launch = true
  tags = {
    Name = "core-public-a"
  }
}

resource "aws_subnet" "core_public_b" {
  vpc_id                  = aws_vpc.core.id
  cidr_block              = "10.0.1.0/24"
  availability_zone       = "eu-west-1b"
  map_public_ip_on_launch = true
  tags = {
    Name = "core-public-b"
  }
}

resource "aws_route_table" "core_public" {
  vpc_id = aws_vpc.core.id

  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.core.id
  }

  tags = {
    Name = "core-public"
  }
}

resource "aws_route_table_association" "core_public_a" {
  subnet_id      = aws_subnet.core_public_a.id
  route_table_id = aws_route_table.core_public.id
}

resource "aws_route_table_association" "core_public_b" {
  subnet_id      = aws_subnet.core_public_b.id
  route_table_id = aws_route_table.core_public.id
}
