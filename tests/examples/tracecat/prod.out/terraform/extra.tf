resource "aws_vpc_security_group_ingress_rule" "coredns_udp_from_pods" {
  security_group_id            = aws_eks_cluster.eks.vpc_config[0].cluster_security_group_id
  referenced_security_group_id = aws_security_group.pods.id
  ip_protocol                  = "udp"
  from_port                    = 53
  to_port                      = 53
  description                  = "CoreDNS for pods with a SecurityGroupPolicy"
}

resource "aws_vpc_security_group_ingress_rule" "coredns_tcp_from_pods" {
  security_group_id            = aws_eks_cluster.eks.vpc_config[0].cluster_security_group_id
  referenced_security_group_id = aws_security_group.pods.id
  ip_protocol                  = "tcp"
  from_port                    = 53
  to_port                      = 53
  description                  = "CoreDNS for pods with a SecurityGroupPolicy"
}

resource "aws_wafv2_web_acl" "main" {
  name        = "tracecat-eks-waf"
  description = "Tracecat ALB"
  scope       = "REGIONAL"

  default_action {
    allow {
    }
  }

  rule {
    name     = "rate-limit"
    priority = 1

    action {
      block {
      }
    }

    statement {
      rate_based_statement {
        limit              = 2000
        aggregate_key_type = "IP"
      }
    }

    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "tracecat-eks-rate-limit"
      sampled_requests_enabled   = true
    }
  }

  rule {
    name     = "AWSManagedRulesCommonRuleSet"
    priority = 10

    override_action {
      none {
      }
    }

    statement {
      managed_rule_group_statement {
        name        = "AWSManagedRulesCommonRuleSet"
        vendor_name = "AWS"
      }
    }

    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "tracecat-eks-AWSManagedRulesCommonRuleSet"
      sampled_requests_enabled   = true
    }
  }

  rule {
    name     = "AWSManagedRulesKnownBadInputsRuleSet"
    priority = 11

    override_action {
      none {
      }
    }

    statement {
      managed_rule_group_statement {
        name        = "AWSManagedRulesKnownBadInputsRuleSet"
        vendor_name = "AWS"
      }
    }

    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "tracecat-eks-AWSManagedRulesKnownBadInputsRuleSet"
      sampled_requests_enabled   = true
    }
  }

  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = "tracecat-eks-waf"
    sampled_requests_enabled   = true
  }
}
