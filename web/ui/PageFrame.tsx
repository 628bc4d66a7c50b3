/* The frame of every page: the product name on the left, the account menu (if any) on the right. */
import { Anchor, Box, Container, Group, Text } from "@mantine/core";
import type { ReactNode } from "react";
import { Link } from "react-router";

export function PageFrame({ product, right, children }: { product: string; right?: ReactNode; children: ReactNode }) {
  return (
    <Box mih="100vh" bg="gray.0">
      <Box component="header" bg="white" style={{ borderBottom: "1px solid var(--mantine-color-gray-3)" }}>
        <Container size="lg" py="sm">
          <Group justify="space-between">
            <Anchor component={Link} to="/" underline="never" c="dark">
              <Text fw={700} size="lg">
                {product}
              </Text>
            </Anchor>
            {right}
          </Group>
        </Container>
      </Box>
      <Container size="lg" py="xl" component="main">
        {children}
      </Container>
    </Box>
  );
}
