def azureml_main(frame=None, other=None):
    return [frame.to_dict()]
