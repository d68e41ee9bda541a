import pandas as pd


def azureml_main(dataframe1=None, dataframe2=None):
    return (pd.DataFrame({"rows": [len(dataframe1)], "second": [dataframe2 is None]}),)
