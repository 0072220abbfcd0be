data "aws_internet_gateway" "infra" {
  filter {
    name   = "attachment.vpc-id"
    values = [var.vpc_id]
  }
}

resource "aws_subnet" "infra_public_a" {
  vpc_id                  = var.vpc_id
  cidr_block              = "10.40.200.0/24"
  availability_zone       = "eu-west-1a"
  map_public_ip_on_launch = true
  tags = {
    Name                     = "infra-public-a"
    "kubernetes.io/role/elb" = "1"
  }
}

resource "aws_subnet" "infra_public_b" {
  vpc_id                  = var.vpc_id
  cidr_block              = "10.40.201.0/24"
  availability_zone       = "eu-west-1b"
  map_public_ip_on_launch = true
  tags = {
    Name                     = "infra-public-b"
    "kubernetes.io/role/elb" = "1"
  }
}

resource "aws_subnet" "infra_pods_a" {
  vpc_id                  = var.vpc_id
  cidr_block              = "10.40.64.0/19"
  availability_zone       = "eu-west-1a"
  map_public_ip_on_launch = false
  tags = {
    Name                              = "infra-pods-a"
    "kubernetes.io/role/internal-elb" = "1"
  }
}

resource "aws_subnet" "infra_pods_b" {
  vpc_id                  = var.vpc_id
  cidr_block              = "10.40.96.0/19"
  availability_zone       = "eu-west-1b"
  map_public_ip_on_launch = false
  tags = {
    Name                              = "infra-pods-b"
    "kubernetes.io/role/internal-elb" = "1"
  }
}

resource "aws_eip" "infra_a" {
  domain = "vpc"
  tags = {
    Name = "infra-nat-a"
  }
}

resource "aws_nat_gateway" "infra_a" {
  allocation_id = aws_eip.infra_a.id
  subnet_id     = aws_subnet.infra_public_a.id
  tags = {
    Name = "infra-nat-a"
  }
}

resource "aws_route_table" "infra_public" {
  vpc_id = var.vpc_id

  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = data.aws_internet_gateway.infra.id
  }

  tags = {
    Name = "infra-public"
  }
}

resource "aws_route_table_association" "infra_public_a" {
  subnet_id      = aws_subnet.infra_public_a.id
  route_table_id = aws_route_table.infra_public.id
}

resource "aws_route_table_association" "infra_public_b" {
  subnet_id      = aws_subnet.infra_public_b.id
  route_table_id = aws_route_table.infra_public.id
}

resource "aws_route_table" "infra_pods" {
  vpc_id = var.vpc_id

  route {
    cidr_block     = "0.0.0.0/0"
    nat_gateway_id = aws_nat_gateway.infra_a.id
  }

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

resource "aws_cloudwatch_log_group" "infra_flow_logs" {
  name              = "/infra/flow-logs"
  retention_in_days = 30
}

resource "aws_flow_log" "infra_flow_logs" {
  vpc_id                   = var.vpc_id
  traffic_type             = "ALL"
  log_destination_type     = "cloud-watch-logs"
  log_destination          = aws_cloudwatch_log_group.infra_flow_logs.arn
  iam_role_arn             = aws_iam_role.infra_flow_logs.arn
  max_aggregation_interval = 600
}
