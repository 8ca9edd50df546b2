package com.example.inventory;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

public class Snapshot implements RequestHandler<Map<String, List<String>>, Integer> {
    private static final String BUCKET = System.getenv("BUCKET");
    private final S3Client s3 = S3Client.create();

    @Override
    public Integer handleRequest(Map<String, List<String>> event, Context context) {
        int total = 0;
        for (String prefix : event.getOrDefault("prefixes", List.of())) {
            ListObjectsV2Response page = s3.listObjectsV2(ListObjectsV2Request.builder()
                    .bucket(BUCKET)
                    .prefix(prefix)
                    .build());
            total += page.keyCount();
        }
        s3.putObject(PutObjectRequest.builder().bucket(BUCKET).key("snapshot/total").build(),
                RequestBody.fromString(Integer.toString(total)));
        return total;
    }
}
