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
