def main(frame):
    return frame
