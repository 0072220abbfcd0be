resource "aws_vpc" "main" {
  cidr_block           = "10.0.0.0/16"
  enable_dns_support   = true
  enable_dns_hostnames = true
  tags = {
    Name = "qualisys-vpc"
  }
}

resource "aws_internet_gateway" "main" {
  vpc_id = aws_vpc.main.id
  tags = {
    Name = "qualisys-vpc"
  }
}

resource "aws_subnet" "main_public_a" {
  vpc_id                  = aws_vpc.main.id
  cidr_block              = "10.0.1.0/24"
  availability_zone       = "us-east-1a"
  map_public_ip_on_launch = true
  tags = {
    Name                     = "qualisys-vpc-public-a"
    "kubernetes.io/role/elb" = "1"
  }
}

resource "aws_subnet" "main_public_b" {
  vpc_id                  = aws_vpc.main.id
  cidr_block              = "10.0.2.0/24"
  availability_zone       = "us-east-1b"
  map_public_ip_on_launch = true
  tags = {
    Name                     = "qualisys-vpc-public-b"
    "kubernetes.io/role/elb" = "1"
  }
}

resource "aws_subnet" "main_private_a" {
  vpc_id                  = aws_vpc.main.id
  cidr_block              = "10.0.10.0/24"
  availability_zone       = "us-east-1a"
  map_public_ip_on_launch = false
  tags = {
    Name                              = "qualisys-vpc-private-a"
    "kubernetes.io/role/internal-elb" = "1"
  }
}

resource "aws_subnet" "main_private_b" {
  vpc_id                  = aws_vpc.main.id
  cidr_block              = "10.0.11.0/24"
  availability_zone       = "us-east-1b"
  map_public_ip_on_launch = false
  tags = {
    Name                              = "qualisys-vpc-private-b"
    "kubernetes.io/role/internal-elb" = "1"
  }
}

resource "aws_subnet" "main_database_a" {
  vpc_id                  = aws_vpc.main.id
  cidr_block              = "10.0.20.0/24"
  availability_zone       = "us-east-1a"
  map_public_ip_on_launch = false
  tags = {
    Name = "qualisys-vpc-database-a"
  }
}

resource "aws_subnet" "main_database_b" {
  vpc_id                  = aws_vpc.main.id
  cidr_block              = "10.0.21.0/24"
  availability_zone       = "us-east-1b"
  map_public_ip_on_launch = false
  tags = {
    Name = "qualisys-vpc-database-b"
  }
}

resource "aws_eip" "main_a" {
  domain = "vpc"
  tags = {
    Name = "qualisys-vpc-nat-a"
  }
}

resource "aws_nat_gateway" "main_a" {
  allocation_id = aws_eip.main_a.id
  subnet_id     = aws_subnet.main_public_a.id
  tags = {
    Name = "qualisys-vpc-nat-a"
  }

  depends_on = [aws_internet_gateway.main]
}

resource "aws_eip" "main_b" {
  domain = "vpc"
  tags = {
    Name = "qualisys-vpc-nat-b"
  }
}

resource "aws_nat_gateway" "main_b" {
  allocation_id = aws_eip.main_b.id
  subnet_id     = aws_subnet.main_public_b.id
  tags = {
    Name = "qualisys-vpc-nat-b"
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
    Name = "qualisys-vpc-public"
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
    Name = "qualisys-vpc-private-a"
  }
}

resource "aws_route_table" "main_private_b" {
  vpc_id = aws_vpc.main.id

  route {
    cidr_block     = "0.0.0.0/0"
    nat_gateway_id = aws_nat_gateway.main_b.id
  }

  tags = {
    Name = "qualisys-vpc-private-b"
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

resource "aws_route_table" "main_database" {
  vpc_id = aws_vpc.main.id
  tags = {
    Name = "qualisys-vpc-database"
  }
}

resource "aws_route_table_association" "main_database_a" {
  subnet_id      = aws_subnet.main_database_a.id
  route_table_id = aws_route_table.main_database.id
}

resource "aws_route_table_association" "main_database_b" {
  subnet_id      = aws_subnet.main_database_b.id
  route_table_id = aws_route_table.main_database.id
}

resource "aws_network_acl" "main_public" {
  vpc_id     = aws_vpc.main.id
  subnet_ids = [aws_subnet.main_public_a.id, aws_subnet.main_public_b.id]
  tags = {
    Name = "qualisys-vpc-public"
  }
}

resource "aws_network_acl_rule" "main_public_in_100" {
  network_acl_id = aws_network_acl.main_public.id
  rule_number    = 100
  egress         = false
  protocol       = "tcp"
  rule_action    = "allow"
  cidr_block     = "0.0.0.0/0"
  from_port      = 80
  to_port        = 80
}

resource "aws_network_acl_rule" "main_public_in_110" {
  network_acl_id = aws_network_acl.main_public.id
  rule_number    = 110
  egress         = false
  protocol       = "tcp"
  rule_action    = "allow"
  cidr_block     = "0.0.0.0/0"
  from_port      = 443
  to_port        = 443
}

resource "aws_network_acl_rule" "main_public_in_120" {
  network_acl_id = aws_network_acl.main_public.id
  rule_number    = 120
  egress         = false
  protocol       = "tcp"
  rule_action    = "allow"
  cidr_block     = "0.0.0.0/0"
  from_port      = 1024
  to_port        = 65535
}

resource "aws_network_acl_rule" "main_public_in_130" {
  network_acl_id = aws_network_acl.main_public.id
  rule_number    = 130
  egress         = false
  protocol       = "-1"
  rule_action    = "allow"
  cidr_block     = "10.0.0.0/16"
}

resource "aws_network_acl_rule" "main_public_out_100" {
  network_acl_id = aws_network_acl.main_public.id
  rule_number    = 100
  egress         = true
  protocol       = "-1"
  rule_action    = "allow"
  cidr_block     = "0.0.0.0/0"
}

resource "aws_network_acl" "main_private" {
  vpc_id     = aws_vpc.main.id
  subnet_ids = [aws_subnet.main_private_a.id, aws_subnet.main_private_b.id]
  tags = {
    Name = "qualisys-vpc-private"
  }
}

resource "aws_network_acl_rule" "main_private_in_100" {
  network_acl_id = aws_network_acl.main_private.id
  rule_number    = 100
  egress         = false
  protocol       = "-1"
  rule_action    = "allow"
  cidr_block     = "10.0.0.0/16"
}

resource "aws_network_acl_rule" "main_private_in_110" {
  network_acl_id = aws_network_acl.main_private.id
  rule_number    = 110
  egress         = false
  protocol       = "tcp"
  rule_action    = "allow"
  cidr_block     = "0.0.0.0/0"
  from_port      = 1024
  to_port        = 65535
}

resource "aws_network_acl_rule" "main_private_in_120" {
  network_acl_id = aws_network_acl.main_private.id
  rule_number    = 120
  egress         = false
  protocol       = "udp"
  rule_action    = "allow"
  cidr_block     = "0.0.0.0/0"
  from_port      = 1024
  to_port        = 65535
}

resource "aws_network_acl_rule" "main_private_out_100" {
  network_acl_id = aws_network_acl.main_private.id
  rule_number    = 100
  egress         = true
  protocol       = "-1"
  rule_action    = "allow"
  cidr_block     = "0.0.0.0/0"
}

resource "aws_network_acl" "main_database" {
  vpc_id     = aws_vpc.main.id
  subnet_ids = [aws_subnet.main_database_a.id, aws_subnet.main_database_b.id]
  tags = {
    Name = "qualisys-vpc-database"
  }
}

resource "aws_network_acl_rule" "main_database_in_100" {
  network_acl_id = aws_network_acl.main_database.id
  rule_number    = 100
  egress         = false
  protocol       = "tcp"
  rule_action    = "allow"
  cidr_block     = "10.0.10.0/24"
  from_port      = 5432
  to_port        = 5432
}

resource "aws_network_acl_rule" "main_database_in_101" {
  network_acl_id = aws_network_acl.main_database.id
  rule_number    = 101
  egress         = false
  protocol       = "tcp"
  rule_action    = "allow"
  cidr_block     = "10.0.11.0/24"
  from_port      = 5432
  to_port        = 5432
}

resource "aws_network_acl_rule" "main_database_in_110" {
  network_acl_id = aws_network_acl.main_database.id
  rule_number    = 110
  egress         = false
  protocol       = "tcp"
  rule_action    = "allow"
  cidr_block     = "10.0.10.0/24"
  from_port      = 6379
  to_port        = 6379
}

resource "aws_network_acl_rule" "main_database_in_111" {
  network_acl_id = aws_network_acl.main_database.id
  rule_number    = 111
  egress         = false
  protocol       = "tcp"
  rule_action    = "allow"
  cidr_block     = "10.0.11.0/24"
  from_port      = 6379
  to_port        = 6379
}

resource "aws_network_acl_rule" "main_database_in_120" {
  network_acl_id = aws_network_acl.main_database.id
  rule_number    = 120
  egress         = false
  protocol       = "tcp"
  rule_action    = "allow"
  cidr_block     = "10.0.0.0/16"
  from_port      = 1024
  to_port        = 65535
}

resource "aws_network_acl_rule" "main_database_out_100" {
  network_acl_id = aws_network_acl.main_database.id
  rule_number    = 100
  egress         = true
  protocol       = "tcp"
  rule_action    = "allow"
  cidr_block     = "10.0.0.0/16"
  from_port      = 1024
  to_port        = 65535
}

resource "aws_cloudwatch_log_group" "main_flow_logs" {
  name              = "/aws/vpc/qualisys-flow-logs"
  retention_in_days = 30
}

resource "aws_flow_log" "main_flow_logs" {
  vpc_id                   = aws_vpc.main.id
  traffic_type             = "ALL"
  log_destination_type     = "cloud-watch-logs"
  log_destination          = aws_cloudwatch_log_group.main_flow_logs.arn
  iam_role_arn             = aws_iam_role.main_flow_logs.arn
  max_aggregation_interval = 600
}

resource "aws_security_group" "alb" {
  name        = "qualisys-alb-sg"
  description = "ALB: HTTP and HTTPS from the internet"
  vpc_id      = aws_vpc.main.id
  tags = {
    Name = "qualisys-alb-sg"
  }
}

resource "aws_vpc_security_group_ingress_rule" "alb_ingress_0" {
  security_group_id = aws_security_group.alb.id
  ip_protocol       = "tcp"
  from_port         = 80
  to_port           = 80
  cidr_ipv4         = "0.0.0.0/0"
  description       = "HTTP"
}

resource "aws_vpc_security_group_ingress_rule" "alb_ingress_1" {
  security_group_id = aws_security_group.alb.id
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"
  description       = "HTTPS"
}

resource "aws_vpc_security_group_egress_rule" "alb_egress_0" {
  security_group_id            = aws_security_group.alb.id
  ip_protocol                  = "-1"
  referenced_security_group_id = aws_security_group.k8s_nodes.id
  description                  = "to the nodes"
}

resource "aws_security_group" "k8s_nodes" {
  name        = "qualisys-k8s-nodes-sg"
  description = "EKS nodes: traffic from the ALB and from each other"
  vpc_id      = aws_vpc.main.id
  tags = {
    Name = "qualisys-k8s-nodes-sg"
  }
}

resource "aws_vpc_security_group_ingress_rule" "k8s_nodes_ingress_0" {
  security_group_id            = aws_security_group.k8s_nodes.id
  ip_protocol                  = "-1"
  referenced_security_group_id = aws_security_group.alb.id
  description                  = "from the ALB"
}

resource "aws_vpc_security_group_ingress_rule" "k8s_nodes_ingress_1" {
  security_group_id            = aws_security_group.k8s_nodes.id
  ip_protocol                  = "-1"
  referenced_security_group_id = aws_security_group.k8s_nodes.id
  description                  = "node to node"
}

resource "aws_vpc_security_group_egress_rule" "k8s_nodes_egress_0" {
  security_group_id = aws_security_group.k8s_nodes.id
  ip_protocol       = "-1"
  cidr_ipv4         = "0.0.0.0/0"
  description       = "all outbound"
}

resource "aws_security_group" "elasticache" {
  name        = "qualisys-elasticache-sg"
  description = "ElastiCache: Redis from the EKS nodes only"
  vpc_id      = aws_vpc.main.id
  tags = {
    Name = "qualisys-elasticache-sg"
  }
}

resource "aws_vpc_security_group_ingress_rule" "elasticache_ingress_0" {
  security_group_id            = aws_security_group.elasticache.id
  ip_protocol                  = "tcp"
  from_port                    = 6379
  to_port                      = 6379
  referenced_security_group_id = aws_security_group.k8s_nodes.id
  description                  = "Redis from the nodes"
}
