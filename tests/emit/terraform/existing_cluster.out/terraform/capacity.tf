check "shared_capacity" {
  assert {
    condition     = data.aws_eks_node_group.shared_general.scaling_config[0].desired_size * 1930 >= 3750
    error_message = "Cluster shared-dev needs 3750m cpu at rollout peak (services plus reserve); its counted node groups offer less."
  }

  assert {
    condition     = data.aws_eks_node_group.shared_general.scaling_config[0].desired_size * 6903 >= 3840
    error_message = "Cluster shared-dev needs 3840Mi memory at rollout peak (services plus reserve); its counted node groups offer less."
  }
}
