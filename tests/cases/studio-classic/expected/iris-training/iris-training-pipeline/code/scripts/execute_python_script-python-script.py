# Adds the petal area
import pandas as pd

def azureml_main(dataframe1 = None, dataframe2 = None):
    dataframe1['petal_area'] = dataframe1['petal_length'] * dataframe1['petal_width']
    return dataframe1,
