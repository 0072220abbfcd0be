resource "aws_vpc" "main" {
  cidr_block           = "10.20.0.0/16"
  enable_dns_support   = true
  enable_dns_hostnames = true
  tags = {
    Name = "vpc-uq-dev"
  }
}

resource "aws_internet_gateway" "main" {
  vpc_id = aws_vpc.main.id
  tags = {
    Name = "vpc-uq-dev"
  }
}

resource "aws_subnet" "main_private_a" {
  vpc_id                  = aws_vpc.main.id
  cidr_block              = "10.20.0.0/19"
  availability_zone       = "eu-central-1a"
  map_public_ip_on_launch = false
  tags = {
    Name                              = "vpc-uq-dev-private-a"
    "kubernetes.io/role/internal-elb" = "1"
  }
}

resource "aws_subnet" "main_private_b" {
  vpc_id                  = aws_vpc.main.id
  cidr_block              = "10.20.32.0/19"
  availability_zone       = "eu-central-1b"
  map_public_ip_on_launch = false
  tags = {
    Name                              = "vpc-uq-dev-private-b"
    "kubernetes.io/role/internal-elb" = "1"
  }
}

resource "aws_subnet" "main_private_c" {
  vpc_id                  = aws_vpc.main.id
  cidr_block              = "10.20.64.0/19"
  availability_zone       = "eu-central-1c"
  map_public_ip_on_launch = false
  tags = {
    Name                              = "vpc-uq-dev-private-c"
    "kubernetes.io/role/internal-elb" = "1"
  }
}

resource "aws_subnet" "main_public_a" {
  vpc_id                  = aws_vpc.main.id
  cidr_block              = "10.20.96.0/24"
  availability_zone       = "eu-central-1a"
  map_public_ip_on_launch = true
  tags = {
    Name                     = "vpc-uq-dev-public-a"
    "kubernetes.io/role/elb" = "1"
  }
}

resource "aws_subnet" "main_public_b" {
  vpc_id                  = aws_vpc.main.id
  cidr_block              = "10.20.97.0/24"
  availability_zone       = "eu-central-1b"
  map_public_ip_on_launch = true
  tags = {
    Name                     = "vpc-uq-dev-public-b"
    "kubernetes.io/role/elb" = "1"
  }
}

resource "aws_subnet" "main_public_c" {
  vpc_id                  = aws_vpc.main.id
  cidr_block              = "10.20.98.0/24"
  availability_zone       = "eu-central-1c"
  map_public_ip_on_launch = true
  tags = {
    Name                     = "vpc-uq-dev-public-c"
    "kubernetes.io/role/elb" = "1"
  }
}

resource "aws_eip" "main_a" {
  domain = "vpc"
  tags = {
    Name = "vpc-uq-dev-nat-a"
  }
}

resource "aws_nat_gateway" "main_a" {
  allocation_id = aws_eip.main_a.id
  subnet_id     = aws_subnet.main_public_a.id
  tags = {
    Name = "vpc-uq-dev-nat-a"
  }

  depends_on = [aws_internet_gateway.main]
}

resource "aws_route_table" "main_private" {
  vpc_id = aws_vpc.main.id

  route {
    cidr_block     = "0.0.0.0/0"
    nat_gateway_id = aws_nat_gateway.main_a.id
  }

  tags = {
    Name = "vpc-uq-dev-private"
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

resource "aws_route_table_association" "main_private_c" {
  subnet_id      = aws_subnet.main_private_c.id
  route_table_id = aws_route_table.main_private.id
}

resource "aws_route_table" "main_public" {
  vpc_id = aws_vpc.main.id

  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.main.id
  }

  tags = {
    Name = "vpc-uq-dev-public"
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

resource "aws_route_table_association" "main_public_c" {
  subnet_id      = aws_subnet.main_public_c.id
  route_table_id = aws_route_table.main_public.id
}

resource "aws_security_group" "vpc_endpoints" {
  name        = "uq-dev-vpc-endpoints"
  description = "Interface VPC endpoints: HTTPS from the VPC"
  vpc_id      = aws_vpc.main.id
  tags = {
    Name = "uq-dev-vpc-endpoints"
  }
}

resource "aws_vpc_security_group_ingress_rule" "vpc_endpoints_ingress_0" {
  security_group_id = aws_security_group.vpc_endpoints.id
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "10.20.0.0/16"
  description       = "HTTPS from the VPC"
}

resource "aws_security_group" "management" {
  name        = "uq-dev-management"
  description = "Management server"
  vpc_id      = aws_vpc.main.id
  tags = {
    Name = "uq-dev-management"
  }
}

resource "aws_vpc_security_group_egress_rule" "management_egress_0" {
  security_group_id = aws_security_group.management.id
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "10.20.0.0/16"
  description       = "HTTPS inside the VPC (EKS API, endpoints)"
}

resource "aws_security_group" "cluster" {
  name        = "uq-dev-eks-cluster"
  description = "EKS control plane"
  vpc_id      = aws_vpc.main.id
  tags = {
    Name = "uq-dev-eks-cluster"
  }
}

resource "aws_vpc_security_group_ingress_rule" "cluster_ingress_0" {
  security_group_id            = aws_security_group.cluster.id
  ip_protocol                  = "tcp"
  from_port                    = 443
  to_port                      = 443
  referenced_security_group_id = aws_security_group.vpc_endpoints.id
  description                  = "HTTPS from the VPC endpoints"
}

resource "aws_vpc_security_group_ingress_rule" "cluster_ingress_1" {
  security_group_id            = aws_security_group.cluster.id
  ip_protocol                  = "tcp"
  from_port                    = 443
  to_port                      = 443
  referenced_security_group_id = aws_security_group.nodes.id
  description                  = "HTTPS from the nodes"
}

resource "aws_vpc_security_group_ingress_rule" "cluster_ingress_2" {
  security_group_id            = aws_security_group.cluster.id
  ip_protocol                  = "tcp"
  from_port                    = 443
  to_port                      = 443
  referenced_security_group_id = aws_security_group.management.id
  description                  = "HTTPS from the management server"
}

resource "aws_vpc_security_group_egress_rule" "cluster_egress_0" {
  security_group_id = aws_security_group.cluster.id
  ip_protocol       = "-1"
  cidr_ipv4         = "10.20.0.0/16"
  description       = "the VPC only"
}

resource "aws_security_group" "nodes" {
  name        = "uq-dev-eks-nodes"
  description = "EKS nodes"
  vpc_id      = aws_vpc.main.id
  tags = {
    Name = "uq-dev-eks-nodes"
  }
}

resource "aws_vpc_security_group_ingress_rule" "nodes_ingress_0" {
  security_group_id = aws_security_group.nodes.id
  ip_protocol       = "tcp"
  from_port         = 0
  to_port           = 65535
  cidr_ipv4         = "10.20.0.0/16"
  description       = "TCP from the VPC"
}

resource "aws_vpc_security_group_ingress_rule" "nodes_ingress_1" {
  security_group_id            = aws_security_group.nodes.id
  ip_protocol                  = "-1"
  referenced_security_group_id = aws_security_group.nodes.id
  description                  = "node to node"
}

resource "aws_vpc_security_group_ingress_rule" "nodes_ingress_2" {
  security_group_id            = aws_security_group.nodes.id
  ip_protocol                  = "tcp"
  from_port                    = 0
  to_port                      = 65535
  referenced_security_group_id = aws_security_group.cluster.id
  description                  = "TCP from the control plane"
}

resource "aws_vpc_security_group_egress_rule" "nodes_egress_0" {
  security_group_id = aws_security_group.nodes.id
  ip_protocol       = "-1"
  cidr_ipv4         = "0.0.0.0/0"
  description       = "image pulls and AWS APIs through NAT"
}

resource "aws_vpc_endpoint" "eks" {
  vpc_id              = aws_vpc.main.id
  service_name        = "com.amazonaws.eu-central-1.eks"
  vpc_endpoint_type   = "Interface"
  subnet_ids          = [aws_subnet.main_private_a.id, aws_subnet.main_private_b.id, aws_subnet.main_private_c.id]
  security_group_ids  = [aws_security_group.vpc_endpoints.id]
  private_dns_enabled = true
}
