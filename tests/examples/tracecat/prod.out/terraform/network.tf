resource "aws_vpc" "main" {
  cidr_block           = "10.0.0.0/16"
  enable_dns_support   = true
  enable_dns_hostnames = true
  tags = {
    Name = "tracecat-eks-vpc"
  }
}

resource "aws_internet_gateway" "main" {
  vpc_id = aws_vpc.main.id
  tags = {
    Name = "tracecat-eks-vpc"
  }
}

resource "aws_subnet" "main_public_a" {
  vpc_id                  = aws_vpc.main.id
  cidr_block              = "10.0.0.0/24"
  availability_zone       = "us-west-2a"
  map_public_ip_on_launch = true
  tags = {
    Name                     = "tracecat-eks-vpc-public-a"
    "kubernetes.io/role/elb" = "1"
  }
}

resource "aws_subnet" "main_public_b" {
  vpc_id                  = aws_vpc.main.id
  cidr_block              = "10.0.1.0/24"
  availability_zone       = "us-west-2b"
  map_public_ip_on_launch = true
  tags = {
    Name                     = "tracecat-eks-vpc-public-b"
    "kubernetes.io/role/elb" = "1"
  }
}

resource "aws_subnet" "main_private_a" {
  vpc_id                  = aws_vpc.main.id
  cidr_block              = "10.0.16.0/20"
  availability_zone       = "us-west-2a"
  map_public_ip_on_launch = false
  tags = {
    Name                              = "tracecat-eks-vpc-private-a"
    "kubernetes.io/role/internal-elb" = "1"
  }
}

resource "aws_subnet" "main_private_b" {
  vpc_id                  = aws_vpc.main.id
  cidr_block              = "10.0.32.0/20"
  availability_zone       = "us-west-2b"
  map_public_ip_on_launch = false
  tags = {
    Name                              = "tracecat-eks-vpc-private-b"
    "kubernetes.io/role/internal-elb" = "1"
  }
}

resource "aws_eip" "main_a" {
  domain = "vpc"
  tags = {
    Name = "tracecat-eks-vpc-nat-a"
  }
}

resource "aws_nat_gateway" "main_a" {
  allocation_id = aws_eip.main_a.id
  subnet_id     = aws_subnet.main_public_a.id
  tags = {
    Name = "tracecat-eks-vpc-nat-a"
  }

  depends_on = [aws_internet_gateway.main]
}

resource "aws_eip" "main_b" {
  domain = "vpc"
  tags = {
    Name = "tracecat-eks-vpc-nat-b"
  }
}

resource "aws_nat_gateway" "main_b" {
  allocation_id = aws_eip.main_b.id
  subnet_id     = aws_subnet.main_public_b.id
  tags = {
    Name = "tracecat-eks-vpc-nat-b"
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
    Name = "tracecat-eks-vpc-public"
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
    Name = "tracecat-eks-vpc-private-a"
  }
}

resource "aws_route_table" "main_private_b" {
  vpc_id = aws_vpc.main.id

  route {
    cidr_block     = "0.0.0.0/0"
    nat_gateway_id = aws_nat_gateway.main_b.id
  }

  tags = {
    Name = "tracecat-eks-vpc-private-b"
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

resource "aws_security_group" "postgres_client" {
  name        = "tracecat-eks-postgres-client"
  description = "Tracecat pods allowed to reach PostgreSQL"
  vpc_id      = aws_vpc.main.id
  tags = {
    Name = "tracecat-eks-postgres-client"
  }
}

resource "aws_security_group" "redis_client" {
  name        = "tracecat-eks-redis-client"
  description = "Tracecat pods allowed to reach Redis"
  vpc_id      = aws_vpc.main.id
  tags = {
    Name = "tracecat-eks-redis-client"
  }
}

resource "aws_security_group" "pods" {
  name        = "tracecat-eks-pods"
  description = "Tracecat pods with a SecurityGroupPolicy: probes and ALB in, all out"
  vpc_id      = aws_vpc.main.id
  tags = {
    Name = "tracecat-eks-pods"
  }
}

resource "aws_vpc_security_group_ingress_rule" "pods_ingress_0" {
  security_group_id = aws_security_group.pods.id
  ip_protocol       = "-1"
  cidr_ipv4         = "10.0.0.0/16"
  description       = "kubelet probes and ALB targets"
}

resource "aws_vpc_security_group_egress_rule" "pods_egress_0" {
  security_group_id = aws_security_group.pods.id
  ip_protocol       = "-1"
  cidr_ipv4         = "0.0.0.0/0"
  description       = "egress through NAT"
}

resource "aws_acm_certificate" "web" {
  domain_name       = "tracecat.example.com"
  validation_method = "DNS"

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_route53_record" "web_validation" {
  for_each = { for o in aws_acm_certificate.web.domain_validation_options : o.domain_name => o }

  zone_id         = "Z0123456789EXAMPLE"
  name            = each.value.resource_record_name
  type            = each.value.resource_record_type
  records         = [each.value.resource_record_value]
  ttl             = 60
  allow_overwrite = true
}

resource "aws_acm_certificate_validation" "web" {
  certificate_arn         = aws_acm_certificate.web.arn
  validation_record_fqdns = [for r in aws_route53_record.web_validation : r.fqdn]
}
