check "shared_capacity" {
  assert {
    condition     = data.aws_eks_node_group.shared_general.scaling_config[0].desired_size * 1930 >= 2750
    error_message = "Cluster shared-dev needs 2750m cpu at rollout peak (services plus reserve); its counted node groups offer less."
  }

  assert {
    condition     = data.aws_eks_node_group.shared_general.scaling_config[0].desired_size * 6903 >= 2816
    error_message = "Cluster shared-dev needs 2816Mi memory at rollout peak (services plus reserve); its counted node groups offer less."
  }
}
