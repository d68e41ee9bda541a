# The script MUST contain a function named azureml_main
# which is the entry point for this module.
import pandas as pd

def azureml_main(dataframe1 = None, dataframe2 = None):
    # drop the sampling weight and trim the text columns
    dataframe1 = dataframe1.drop('fnlwgt', axis=1)
    for column in dataframe1.select_dtypes(include=['object']).columns:
        dataframe1[column] = dataframe1[column].str.strip()
    return dataframe1,
