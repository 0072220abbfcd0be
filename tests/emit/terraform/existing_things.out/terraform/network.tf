resource "aws_subnet" "infra_pods_a" {
  vpc_id                  = data.aws_vpc.infra.id
  cidr_block              = "10.40.64.0/19"
  availability_zone       = "eu-west-1a"
  map_public_ip_on_launch = false
  tags = {
    Name = "infra-pods-a"
  }
}

resource "aws_subnet" "infra_pods_b" {
  vpc_id                  = data.aws_vpc.infra.id
  cidr_block              = "10.40.96.0/19"
  availability_zone       = "eu-west-1b"
  map_public_ip_on_launch = false
  tags = {
    Name = "infra-pods-b"
  }
}

resource "aws_route_table" "infra_pods" {
  vpc_id = data.aws_vpc.infra.id
  tags = {
    Name = "infra-pods"
  }
}

resource "aws_route_table_association" "infra_pods_a" {
  subnet_id      = aws_subnet.infra_pods_a.id
  route_table_id = aws_route_table.infra_pods.id
}

resource "aws_route_table_association" "infra_pods_b" {
  subnet_id      = aws_subnet.infra_pods_b.id
  route_table_id = aws_route_table.infra_pods.id
}

resource "aws_security_group" "nodes" {
  name        = "nodes"
  description = "managed by infrac"
  vpc_id      = data.aws_vpc.infra.id
  tags = {
    Name = "nodes"
  }
}

resource "aws_vpc_security_group_ingress_rule" "nodes_ingress_0" {
  security_group_id            = aws_security_group.nodes.id
  ip_protocol                  = "tcp"
  from_port                    = 443
  to_port                      = 443
  referenced_security_group_id = "sg-0123456789abcdef0"
}

resource "aws_vpc_security_group_egress_rule" "nodes_egress_0" {
  security_group_id = aws_security_group.nodes.id
  ip_protocol       = "-1"
  cidr_ipv4         = "10.40.0.0/16"
}

resource "aws_acm_certificate" "api" {
  domain_name       = "api.dev.example.com"
  validation_method = "DNS"

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_route53_record" "api_validation" {
  for_each = { for o in aws_acm_certificate.api.domain_validation_options : o.domain_name => o }

  zone_id         = data.aws_route53_zone.public.zone_id
  name            = each.value.resource_record_name
  type            = each.value.resource_record_type
  records         = [each.value.resource_record_value]
  ttl             = 60
  allow_overwrite = true
}

resource "aws_acm_certificate_validation" "api" {
  certificate_arn         = aws_acm_certificate.api.arn
  validation_record_fqdns = [for r in aws_route53_record.api_validation : r.fqdn]
}
