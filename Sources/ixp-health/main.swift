print("ixp-health")
