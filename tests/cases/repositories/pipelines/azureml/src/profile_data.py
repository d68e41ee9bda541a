print("profile_data")
