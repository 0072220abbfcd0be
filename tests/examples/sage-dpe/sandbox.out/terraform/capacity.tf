check "dpe_capacity" {
  assert {
    condition     = aws_eks_node_group.dpe_default.scaling_config[0].desired_size * 3920 >= 9000
    error_message = "Cluster dpe-k8-sandbox needs 9000m cpu at rollout peak (services plus reserve); its counted node groups offer less."
  }

  assert {
    condition     = aws_eks_node_group.dpe_default.scaling_config[0].desired_size * 14103 >= 24576
    error_message = "Cluster dpe-k8-sandbox needs 24576Mi memory at rollout peak (services plus reserve); its counted node groups offer less."
  }
}
