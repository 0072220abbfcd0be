resource "aws_vpc" "vpc" {
  cidr_block           = "10.51.0.0/16"
  enable_dns_support   = true
  enable_dns_hostnames = true
  tags = {
    Name = "dpe-k8-sandbox"
  }
}

resource "aws_internet_gateway" "vpc" {
  vpc_id = aws_vpc.vpc.id
  tags = {
    Name = "dpe-k8-sandbox"
  }
}

resource "aws_subnet" "vpc_public_a" {
  vpc_id                  = aws_vpc.vpc.id
  cidr_block              = "10.51.0.0/24"
  availability_zone       = "us-east-1a"
  map_public_ip_on_launch = true
  tags = {
    Name                     = "dpe-k8-sandbox-public-a"
    "kubernetes.io/role/elb" = "1"
  }
}

resource "aws_subnet" "vpc_public_b" {
  vpc_id                  = aws_vpc.vpc.id
  cidr_block              = "10.51.1.0/24"
  availability_zone       = "us-east-1b"
  map_public_ip_on_launch = true
  tags = {
    Name                     = "dpe-k8-sandbox-public-b"
    "kubernetes.io/role/elb" = "1"
  }
}

resource "aws_subnet" "vpc_public_c" {
  vpc_id                  = aws_vpc.vpc.id
  cidr_block              = "10.51.2.0/24"
  availability_zone       = "us-east-1c"
  map_public_ip_on_launch = true
  tags = {
    Name                     = "dpe-k8-sandbox-public-c"
    "kubernetes.io/role/elb" = "1"
  }
}

resource "aws_subnet" "vpc_private_a" {
  vpc_id                  = aws_vpc.vpc.id
  cidr_block              = "10.51.100.0/22"
  availability_zone       = "us-east-1a"
  map_public_ip_on_launch = false
  tags = {
    Name                              = "dpe-k8-sandbox-private-a"
    "kubernetes.io/role/internal-elb" = "1"
  }
}

resource "aws_subnet" "vpc_private_b" {
  vpc_id                  = aws_vpc.vpc.id
  cidr_block              = "10.51.104.0/22"
  availability_zone       = "us-east-1b"
  map_public_ip_on_launch = false
  tags = {
    Name                              = "dpe-k8-sandbox-private-b"
    "kubernetes.io/role/internal-elb" = "1"
  }
}

resource "aws_subnet" "vpc_private_c" {
  vpc_id                  = aws_vpc.vpc.id
  cidr_block              = "10.51.108.0/22"
  availability_zone       = "us-east-1c"
  map_public_ip_on_launch = false
  tags = {
    Name                              = "dpe-k8-sandbox-private-c"
    "kubernetes.io/role/internal-elb" = "1"
  }
}

resource "aws_eip" "vpc_a" {
  domain = "vpc"
  tags = {
    Name = "dpe-k8-sandbox-nat-a"
  }
}

resource "aws_nat_gateway" "vpc_a" {
  allocation_id = aws_eip.vpc_a.id
  subnet_id     = aws_subnet.vpc_public_a.id
  tags = {
    Name = "dpe-k8-sandbox-nat-a"
  }

  depends_on = [aws_internet_gateway.vpc]
}

resource "aws_route_table" "vpc_public" {
  vpc_id = aws_vpc.vpc.id

  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.vpc.id
  }

  tags = {
    Name = "dpe-k8-sandbox-public"
  }
}

resource "aws_route_table_association" "vpc_public_a" {
  subnet_id      = aws_subnet.vpc_public_a.id
  route_table_id = aws_route_table.vpc_public.id
}

resource "aws_route_table_association" "vpc_public_b" {
  subnet_id      = aws_subnet.vpc_public_b.id
  route_table_id = aws_route_table.vpc_public.id
}

resource "aws_route_table_association" "vpc_public_c" {
  subnet_id      = aws_subnet.vpc_public_c.id
  route_table_id = aws_route_table.vpc_public.id
}

resource "aws_route_table" "vpc_private" {
  vpc_id = aws_vpc.vpc.id

  route {
    cidr_block     = "0.0.0.0/0"
    nat_gateway_id = aws_nat_gateway.vpc_a.id
  }

  tags = {
    Name = "dpe-k8-sandbox-private"
  }
}

resource "aws_route_table_association" "vpc_private_a" {
  subnet_id      = aws_subnet.vpc_private_a.id
  route_table_id = aws_route_table.vpc_private.id
}

resource "aws_route_table_association" "vpc_private_b" {
  subnet_id      = aws_subnet.vpc_private_b.id
  route_table_id = aws_route_table.vpc_private.id
}

resource "aws_route_table_association" "vpc_private_c" {
  subnet_id      = aws_subnet.vpc_private_c.id
  route_table_id = aws_route_table.vpc_private.id
}

resource "aws_security_group" "airflow_pods" {
  name        = "dpe-k8-sandbox-airflow-pods"
  description = "Airflow pods: inbound from the VPC only, all outbound"
  vpc_id      = aws_vpc.vpc.id
  tags = {
    Name = "dpe-k8-sandbox-airflow-pods"
  }
}

resource "aws_vpc_security_group_ingress_rule" "airflow_pods_ingress_0" {
  security_group_id = aws_security_group.airflow_pods.id
  ip_protocol       = "-1"
  cidr_ipv4         = "10.51.0.0/16"
  description       = "from inside the VPC"
}

resource "aws_vpc_security_group_egress_rule" "airflow_pods_egress_0" {
  security_group_id = aws_security_group.airflow_pods.id
  ip_protocol       = "-1"
  cidr_ipv4         = "0.0.0.0/0"
  description       = "egress through NAT"
}
